// The client's routes under /app/. Each feature is its own chunk (React.lazy): the shell loads
// only what the first page needs. Signed-in pages send an anonymous visitor to the login page.
import { lazy, Suspense } from "react";
import type { ComponentType, LazyExoticComponent } from "react";
import { useTranslation } from "react-i18next";
import { Redirect, Route, Switch } from "wouter";
import { Page } from "../components/Page.tsx";
import { useAuth } from "./auth.tsx";

const Signup = lazy(() => import("../features/account/routes/Signup.tsx"));
const Login = lazy(() => import("../features/account/routes/Login.tsx"));
const Account = lazy(() => import("../features/account/routes/Account.tsx"));
const Onboarding = lazy(() => import("../features/onboarding/routes/Onboarding.tsx"));
const Today = lazy(() => import("../features/today/routes/Today.tsx"));
const Billing = lazy(() => import("../features/billing/routes/Billing.tsx"));
const Privacy = lazy(() => import("../features/privacy/routes/Privacy.tsx"));
const Goodbye = lazy(() => import("../features/privacy/routes/Goodbye.tsx"));
const Admin = lazy(() => import("../features/admin/routes/Admin.tsx"));
const Chat = lazy(() => import("../features/iris/routes/Chat.tsx"));
const Journal = lazy(() => import("../features/journal/routes/Journal.tsx"));
const Cvs = lazy(() => import("../features/career/routes/Cvs.tsx"));
const CvEdit = lazy(() => import("../features/career/routes/CvEdit.tsx"));
const Match = lazy(() => import("../features/career/routes/Match.tsx"));
const Letters = lazy(() => import("../features/career/routes/Letters.tsx"));
const Letter = lazy(() => import("../features/career/routes/Letter.tsx"));

function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="loading">
      {t("shell.loading")}
    </p>
  );
}

type Lazy = LazyExoticComponent<ComponentType>;

/** A page for signed-in users; the login page for anyone else. */
function SignedIn({ page: Component }: { page: Lazy }) {
  const { state } = useAuth();
  if (state.status === "loading") return <Loading />;
  if (state.status === "anonymous") return <Redirect to="/login" replace />;
  return <Component />;
}

/** Signup and login: a signed-in user goes on to Today, or to onboarding while they have no phone. */
function Anonymous({ page: Component }: { page: Lazy }) {
  const { state } = useAuth();
  if (state.status === "loading") return <Loading />;
  if (state.status === "signedIn")
    return <Redirect to={state.profile.phone === null ? "/onboarding" : "/today"} replace />;
  return <Component />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t("shell.notFound.title")}>
      <p>{t("shell.notFound.text")}</p>
    </Page>
  );
}

export function Routes() {
  return (
    <Suspense fallback={<Loading />}>
      <Switch>
        <Route path="/signup">{() => <Anonymous page={Signup} />}</Route>
        <Route path="/login">{() => <Anonymous page={Login} />}</Route>
        <Route path="/onboarding">{() => <SignedIn page={Onboarding} />}</Route>
        <Route path="/today">{() => <SignedIn page={Today} />}</Route>
        <Route path="/billing/:outcome?">{() => <SignedIn page={Billing} />}</Route>
        <Route path="/privacy">{() => <SignedIn page={Privacy} />}</Route>
        <Route path="/account">{() => <SignedIn page={Account} />}</Route>
        <Route path="/admin">{() => <SignedIn page={Admin} />}</Route>
        <Route path="/chat">{() => <SignedIn page={Chat} />}</Route>
        <Route path="/journal">{() => <SignedIn page={Journal} />}</Route>
        <Route path="/cv">{() => <SignedIn page={Cvs} />}</Route>
        <Route path="/cv/:id">{() => <SignedIn page={CvEdit} />}</Route>
        <Route path="/mirror-match">{() => <SignedIn page={Match} />}</Route>
        <Route path="/letters">{() => <SignedIn page={Letters} />}</Route>
        <Route path="/letters/:id">{() => <SignedIn page={Letter} />}</Route>
        <Route path="/goodbye">
          <Goodbye />
        </Route>
        <Route path="/">{() => <SignedIn page={Today} />}</Route>
        <Route>
          <NotFound />
        </Route>
      </Switch>
    </Suspense>
  );
}
