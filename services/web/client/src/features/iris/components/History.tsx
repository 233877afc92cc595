// The conversations in the sidebar: search (in titles and messages), open, rename, delete.
import { useState } from "react";
import type { SubmitEvent } from "react";
import type { Conversation } from "../api/iris.ts";
import { useIrisT } from "../messages.ts";

interface Props {
  conversations: Conversation[] | undefined;
  searched: boolean;
  current: string | undefined;
  onSearch: (q: string) => void;
  onOpen: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

function Item({ conversation, props }: { conversation: Conversation; props: Props }) {
  const { t } = useIrisT();
  const [editing, setEditing] = useState(false);
  const title = conversation.title ?? t("chat.untitled");
  const [draft, setDraft] = useState(title);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    if (draft.trim() === "") return;
    await props.onRename(conversation.id, draft.trim());
    setEditing(false);
  };
  if (editing)
    return (
      <li>
        <form onSubmit={(event) => void save(event)} className="iris-rename">
          <label htmlFor={`rename-${conversation.id}`}>{t("chat.renameLabel", { title })}</label>
          <input
            id={`rename-${conversation.id}`}
            value={draft}
            maxLength={120}
            onChange={(e) => {
              setDraft(e.target.value);
            }}
          />
          <button type="submit">{t("chat.save")}</button>
          <button
            type="button"
            onClick={() => {
              setEditing(false);
            }}
          >
            {t("chat.cancel")}
          </button>
        </form>
      </li>
    );
  return (
    <li>
      <button
        type="button"
        className="link-button"
        aria-current={props.current === conversation.id ? "true" : undefined}
        onClick={() => {
          props.onOpen(conversation.id);
        }}
      >
        {title}
      </button>
      <button
        type="button"
        className="link-button"
        aria-label={t("chat.renameNamed", { title })}
        onClick={() => {
          setEditing(true);
        }}
      >
        {t("chat.rename")}
      </button>
      <button
        type="button"
        className="link-button"
        aria-label={t("chat.deleteLabel", { title })}
        onClick={() => void props.onDelete(conversation.id)}
      >
        {t("chat.delete")}
      </button>
    </li>
  );
}

export function History(props: Props) {
  const { t } = useIrisT();
  const [q, setQ] = useState("");
  const { conversations } = props;
  return (
    <nav aria-labelledby="iris-history" className="iris-history">
      <h2 id="iris-history">{t("chat.history")}</h2>
      <button type="button" onClick={props.onNew}>
        {t("chat.newConversation")}
      </button>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSearch(q);
        }}
      >
        <label htmlFor="iris-search">{t("chat.search")}</label>
        <input
          id="iris-search"
          type="search"
          value={q}
          maxLength={200}
          onChange={(e) => {
            setQ(e.target.value);
          }}
        />
        <button type="submit">{t("chat.searchButton")}</button>
      </form>
      {conversations?.length === 0 && <p>{props.searched ? t("chat.noMatch") : t("chat.noConversation")}</p>}
      <ul>
        {conversations?.map((conversation) => (
          <Item key={conversation.id} conversation={conversation} props={props} />
        ))}
      </ul>
    </nav>
  );
}
