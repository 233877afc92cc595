// The coach: the history in a sidebar, the open conversation, the composer. Alessio's answers
// stream in as they are written; stop and regenerate act on the answer; each answer shows what it
// cost. A command ("rappelle-moi demain 9h …") is carried out by the assistant, as by SMS.
import { useState } from "react";
import type { SubmitEvent } from "react";
import { useQuery } from "../../../app/use-api.ts";
import { Page } from "../../../components/Page.tsx";
import { deleteConversation, listConversations, renameConversation } from "../api/iris.ts";
import { History } from "../components/History.tsx";
import { Messages } from "../components/Messages.tsx";
import { useIrisT } from "../messages.ts";
import { useChat } from "../use-chat.ts";
import "../iris.css";

function Composer({ onSend, disabled }: { onSend: (text: string) => Promise<void>; disabled: boolean }) {
  const { t } = useIrisT();
  const [text, setText] = useState("");
  const [empty, setEmpty] = useState(false);
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (text.trim() === "") {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    const sent = text;
    setText("");
    await onSend(sent);
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="iris-composer">
      <label htmlFor="iris-message">{t("chat.messageLabel")}</label>
      <textarea
        id="iris-message"
        value={text}
        rows={3}
        maxLength={4000}
        aria-invalid={empty}
        aria-describedby={empty ? "iris-message-problem" : undefined}
        onChange={(event) => {
          setText(event.target.value);
        }}
      />
      {empty && (
        <p id="iris-message-problem" className="field-error">
          {t("chat.empty")}
        </p>
      )}
      <button type="submit" disabled={disabled}>
        {t("chat.send")}
      </button>
    </form>
  );
}

export default function ChatPage() {
  const { t } = useIrisT();
  const [search, setSearch] = useState("");
  const conversations = useQuery(() => listConversations(search), [search]);
  const chat = useChat(() => void conversations.reload(), t("chat.failed"));
  const [current, setCurrent] = useState<string>();
  const last = chat.messages.at(-1);
  return (
    <Page title={t("chat.title")}>
      <p>{t("chat.intro")}</p>
      <div className="iris-layout">
        <History
          conversations={conversations.data}
          searched={search !== ""}
          current={current}
          onSearch={setSearch}
          onOpen={(id) => {
            setCurrent(id);
            void chat.open(id);
          }}
          onNew={() => {
            setCurrent(undefined);
            void chat.open(undefined);
          }}
          onRename={async (id, title) => {
            await renameConversation(id, title);
            await conversations.reload();
          }}
          onDelete={async (id) => {
            await deleteConversation(id);
            if (id === current) void chat.open(undefined);
            await conversations.reload();
          }}
        />
        <section aria-labelledby="iris-conversation" className="iris-conversation">
          <h2 id="iris-conversation" className="visually-hidden">
            {t("chat.title")}
          </h2>
          <Messages messages={chat.messages} streaming={chat.streaming} />
          <p role="status" className="iris-status">
            {chat.streaming ? t("chat.thinking") : ""}
          </p>
          {chat.problem !== undefined && <p role="alert">{chat.problem}</p>}
          <div className="iris-actions">
            {chat.streaming && (
              <button type="button" onClick={chat.stop}>
                {t("chat.stop")}
              </button>
            )}
            {!chat.streaming && last?.role === "assistant" && last.source !== "assistant" && (
              <button type="button" onClick={() => void chat.regenerate()}>
                {t("chat.regenerate")}
              </button>
            )}
          </div>
          <Composer
            disabled={chat.streaming}
            onSend={async (text) => {
              setCurrent(await chat.send(text));
            }}
          />
          {chat.quota && <p className="iris-quota">{t("chat.quota", { ...chat.quota })}</p>}
        </section>
      </div>
    </Page>
  );
}
