// Who is signed in. On load the shell exchanges the refresh cookie for an access token (api.ts)
// and reads the profile; signing in, out, or a refresh that fails later updates the same state.
import { createContext, use, useCallback, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import type { components } from "../api/schema.d.ts";
import { api, endSession, logout, onSessionEnd, refreshSession, startSession } from "./api.ts";
import { changeLanguage } from "./i18n.ts";
import type { Language } from "./i18n.ts";
import { unwrap } from "./problems.ts";

export type Profile = components["schemas"]["Profile"];

export type AuthState =
  { status: "loading" } | { status: "anonymous" } | { status: "signedIn"; profile: Profile };

interface Auth {
  state: AuthState;
  /** After signup, login or MFA: keeps the token, loads the profile; `language` also saves it (signup). */
  signIn: (tokens: { accessToken: string; expiresIn: number }, language?: Language) => Promise<void>;
  signOut: () => Promise<void>;
  /** After a change to the profile (phone, language, MFA). */
  setProfile: (profile: Profile) => void;
}

const AuthContext = createContext<Auth | undefined>(undefined);

async function loadProfile(): Promise<Profile> {
  const profile = await unwrap(api.GET("/v1/me"));
  await changeLanguage(profile.language);
  return profile;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading" });

  useEffect(() => {
    const anonymous = () => {
      setState({ status: "anonymous" });
    };
    const stop = onSessionEnd(anonymous);
    void (async () => {
      if (!(await refreshSession())) {
        anonymous();
        return;
      }
      try {
        setState({ status: "signedIn", profile: await loadProfile() });
      } catch {
        endSession();
        anonymous();
      }
    })();
    return stop;
  }, []);

  const signIn = useCallback(
    async (tokens: { accessToken: string; expiresIn: number }, language?: Language) => {
      startSession(tokens);
      if (language !== undefined) await unwrap(api.PATCH("/v1/me", { body: { language } }));
      setState({ status: "signedIn", profile: await loadProfile() });
    },
    [],
  );
  const signOut = useCallback(async () => {
    await logout();
    setState({ status: "anonymous" });
  }, []);
  const setProfile = useCallback((profile: Profile) => {
    setState({ status: "signedIn", profile });
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, setProfile }), [state, signIn, signOut, setProfile]);
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): Auth {
  const auth = use(AuthContext);
  if (!auth) throw new Error("useAuth outside AuthProvider");
  return auth;
}

/** The signed-in user's profile; only under a route that requires sign-in (routes.tsx). */
export function useProfile(): Profile {
  const { state } = useAuth();
  if (state.status !== "signedIn") throw new Error("useProfile without a signed-in user");
  return state.profile;
}
