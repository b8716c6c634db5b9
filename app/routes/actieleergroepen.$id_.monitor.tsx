import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorPage } from "~/components/error-page";
import { GroupMonitor } from "~/components/group-monitor";
import { groupMonitor } from "~/models/group.server";
import { pageTitle } from "~/utils/meta";
import { requireIdParam } from "~/utils/params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const groupId = requireIdParam(params, "Actieleergroep");
  const at = new Date();
  // Whoever may not see the group gets the same 404 as for an id that does not exist.
  const monitor = groupMonitor({ groupId, viewer: user, now: at });
  if (!monitor) throw new Response("Actieleergroep niet gevonden", { status: 404 });
  return { monitor, at };
}

export default function GroupMonitorPage() {
  const { monitor, at } = useLoaderData<typeof loader>();
  return <GroupMonitor monitor={monitor} at={at} />;
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageTitle(data ? `Monitor: ${data.monitor.group.name}` : "Monitor");

export function ErrorBoundary() {
  return <ErrorPage />;
}
