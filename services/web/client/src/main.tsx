// Entry point: language first (so the first paint is in the reader's language), then the shell.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Router } from "wouter";
import { AuthProvider } from "./app/auth.tsx";
import { initI18n, initialLanguage } from "./app/i18n.ts";
import { Layout } from "./app/Layout.tsx";
import { Routes } from "./app/routes.tsx";
import "./app/styles.css";

await initI18n(initialLanguage(location.search, navigator.languages));

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
createRoot(root).render(
  <StrictMode>
    <Router base="/app">
      <AuthProvider>
        <Layout>
          <Routes />
        </Layout>
      </AuthProvider>
    </Router>
  </StrictMode>,
);
