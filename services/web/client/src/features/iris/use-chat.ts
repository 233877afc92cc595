// The chat's state: the open conversation's messages, the answer being streamed into the last one,
// stop (abort the fetch — the server then aborts the model — and tell iris, for a proxy that keeps
// the upstream open) and regenerate (the last answer replaced).
import { useCallback, useRef, useState } from "react";
import type { ChatDone, ChatMessage, ChatQuota } from "./api/iris.ts";
import { IrisProblem, createConversation, messagesOf, stopAnswer, streamAnswer } from "./api/iris.ts";
import type { Shown } from "./components/Messages.tsx";

const shownOf = (message: ChatMessage): Shown => ({ ...message });

const pending = (id: string, role: Shown["role"], content: string): Shown => ({
  id,
  role,
  content,
  source: null,
  provider: null,
  tokens: { prompt: 0, completion: 0 },
  costUsd: 0,
  outcome: null,
});

export interface Chat {
  messages: Shown[];
  streaming: boolean;
  problem: string | undefined;
  quota: ChatQuota | undefined;
  open: (id: string | undefined) => Promise<void>;
  send: (text: string) => Promise<string | undefined>;
  regenerate: () => Promise<void>;
  stop: () => void;
}

export function useChat(onChanged: () => void, failed: string): Chat {
  const [conversationId, setConversationId] = useState<string>();
  const [messages, setMessages] = useState<Shown[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [quota, setQuota] = useState<ChatQuota>();
  const controller = useRef<AbortController | undefined>(undefined);

  const open = useCallback(async (id: string | undefined) => {
    setConversationId(id);
    setProblem(undefined);
    setMessages(id === undefined ? [] : (await messagesOf(id)).map(shownOf));
  }, []);

  const answer = async (id: string, request: { text: string } | "regenerate") => {
    const abort = new AbortController();
    controller.current = abort;
    setStreaming(true);
    const answerId = `answer-${Date.now()}`;
    setMessages((current) => [...current, pending(answerId, "assistant", "")]);
    const patch = (change: (message: Shown) => Shown) => {
      setMessages((current) =>
        current.map((message) => (message.id === answerId ? change(message) : message)),
      );
    };
    try {
      await streamAnswer(id, request, {
        signal: abort.signal,
        onDelta: (text) => {
          patch((message) => ({ ...message, content: message.content + text }));
        },
        onDone: (done: ChatDone) => {
          patch((message) => ({ ...message, ...done, id: done.messageId ?? answerId }));
          setQuota(done.quota);
        },
      });
    } catch (error) {
      if (abort.signal.aborted) patch((message) => ({ ...message, outcome: "cancelled" }));
      else setProblem(error instanceof IrisProblem && error.reason !== undefined ? error.reason : failed);
      setMessages((current) =>
        current.filter((message) => message.id !== answerId || message.content !== ""),
      );
    } finally {
      setStreaming(false);
      controller.current = undefined;
      onChanged();
    }
  };

  const send = async (text: string) => {
    setProblem(undefined);
    const id = conversationId ?? (await createConversation()).id;
    setConversationId(id);
    setMessages((current) => [...current, pending(`mine-${Date.now()}`, "user", text)]);
    await answer(id, { text });
    return id;
  };

  const regenerate = async () => {
    if (conversationId === undefined) return;
    setMessages((current) => (current.at(-1)?.role === "assistant" ? current.slice(0, -1) : current));
    await answer(conversationId, "regenerate");
  };

  const stop = () => {
    controller.current?.abort();
    if (conversationId !== undefined) void stopAnswer(conversationId).catch(() => undefined);
  };

  return { messages, streaming, problem, quota, open, send, regenerate, stop };
}
