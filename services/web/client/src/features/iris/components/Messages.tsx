// The conversation's messages in order: the user's as text, Alessio's as sanitised markdown with
// what the answer cost (tokens, estimated cost, who gave it). The answer being written is announced
// politely to screen readers once it ends, not word by word.
import type { ChatMessage } from "../api/iris.ts";
import type { IrisT } from "../messages.ts";
import { useIrisT } from "../messages.ts";
import { Markdown } from "./Markdown.tsx";

export interface Shown {
  id: string;
  role: "user" | "assistant";
  content: string;
  source: ChatMessage["source"];
  provider: string | null;
  tokens: { prompt: number; completion: number };
  costUsd: number;
  outcome: string | null;
}

function usage(t: IrisT, language: string, message: Shown): string {
  const provider =
    message.source === "llm"
      ? (message.provider ?? "")
      : t(message.source === "assistant" ? "chat.sourceAssistant" : "chat.sourceCoach");
  const cost = new Intl.NumberFormat(language, {
    style: "currency",
    currency: "USD",
    maximumFractionDigits: 4,
  }).format(message.costUsd);
  const tokens = new Intl.NumberFormat(language).format(message.tokens.prompt + message.tokens.completion);
  return t("chat.usage", { tokens, cost, provider });
}

export function Messages({ messages, streaming }: { messages: Shown[]; streaming: boolean }) {
  const { t, language } = useIrisT();
  return (
    <ol className="iris-messages" aria-busy={streaming}>
      {messages.map((message, index) => (
        <li key={message.id} className={`iris-message iris-${message.role}`}>
          <p className="iris-author">{message.role === "user" ? t("chat.you") : t("chat.alessio")}</p>
          {message.role === "user" ? (
            <p className="iris-text">{message.content}</p>
          ) : (
            <Markdown text={message.content} />
          )}
          {message.role === "assistant" && !(streaming && index === messages.length - 1) && (
            <p className="iris-usage">
              {usage(t, language, message)}
              {message.outcome === "cancelled" && ` · ${t("chat.stopped")}`}
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
