// Messages routes of the 2010-04-01 API.
import type { EmulatorContext } from "./context.ts";
import { notFound } from "./errors.ts";
import { toForm } from "./form.ts";
import { createMessage, listMessages, renderMessage } from "./messages.ts";
import { pick } from "./numbers-routes.ts";
import type { OperationRoute } from "./operation.ts";
import { pathOf, pathParam } from "./operation.ts";
import { paginate } from "./pagination.ts";
import type { MessageRecord } from "./state.ts";

const messages = "/Accounts/:AccountSid/Messages";

export function messageRoutes(ctx: EmulatorContext): OperationRoute[] {
  const { state } = ctx;
  const find = (sid: string, uri: string): MessageRecord => {
    const message = state.messages.get(sid);
    if (!message) throw notFound(uri);
    return message;
  };
  return [
    {
      method: "POST",
      url: `${messages}.json`,
      operation: "CreateMessage",
      handler: (request) => ({
        status: 201,
        body: renderMessage(state.account.sid, createMessage(ctx, toForm(request.body))),
      }),
    },
    {
      method: "GET",
      url: `${messages}.json`,
      operation: "ListMessage",
      handler: (request) => {
        const query = toForm(request.query);
        const filters = pick(query, ["To", "From", "DateSent", "DateSent<", "DateSent>"]);
        const page = paginate(listMessages(state, query), query, pathOf(request), filters);
        const items = page.items.map((message) => renderMessage(state.account.sid, message));
        return { status: 200, body: { messages: items, ...page.meta } };
      },
    },
    {
      method: "GET",
      url: `${messages}/:Sid.json`,
      operation: "FetchMessage",
      handler: (request) => ({
        status: 200,
        body: renderMessage(state.account.sid, find(pathParam(request, "Sid"), pathOf(request))),
      }),
    },
    {
      method: "DELETE",
      url: `${messages}/:Sid.json`,
      operation: "DeleteMessage",
      handler: (request) => {
        state.messages.delete(find(pathParam(request, "Sid"), pathOf(request)).sid);
        return { status: 204 };
      },
    },
  ];
}
