import { useState } from "react";
import { Link } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { describeError } from "../../lib/apiError";
import { useMyOrgs, useSessionShare, useShareSession } from "../../lib/orgs";
import type { Org, SessionShare } from "../../lib/orgTypes";

/**
 * "Share this session with <org>": lets the candidate show one session's answers and face cues
 * to their organization's admins (DESIGN §8: never without an explicit choice per session).
 * Shown only to members of an organization; without one there is nobody to share with.
 */
export function SessionSharing({ sessionId }: { sessionId: string }) {
  const orgs = useMyOrgs();
  const items = orgs.data?.items ?? [];
  const share = useSessionShare(sessionId, items.length > 0);
  // Not knowing the organizations (still loading, or the request failed) is not a reason to
  // put a box on someone's report: the switch appears once there is something to share with.
  if (items.length === 0) return null;
  return (
    <section className="card report-section session-share" aria-labelledby="share-title" id="share">
      <h2 id="share-title">Share with your institute</h2>
      <p>
        Your institute&apos;s owner and admins never see your answers or face cues unless you share a session. Sharing
        this one lets them read its answers, summary and face cues. They see it only while you also share your progress
        with that organization (on the <Link to={paths.institute}>Institute page</Link>), and each time they look, it
        shows in your activity.
      </p>
      {share.isPending ? (
        <Loading label="Loading your sharing choice…" />
      ) : share.isError ? (
        <Alert tone="error" title="Your sharing choice could not be loaded">
          <p>{describeError(share.error)}</p>
        </Alert>
      ) : (
        <ShareControls sessionId={sessionId} orgs={items} state={share.data} />
      )}
    </section>
  );
}

function ShareControls({ sessionId, orgs, state }: { sessionId: string; orgs: Org[]; state: SessionShare }) {
  const mutation = useShareSession(sessionId);
  const [chosen, setChosen] = useState<string | null>(null);
  const sharedOrg = state.shared_with_org ? orgs.find((o) => o.id === state.organization_id) : undefined;
  // The organization the switch talks about: the one it is shared with, else the reader's
  // choice, else the last one it was shared with, else the first.
  const target =
    sharedOrg ?? orgs.find((o) => o.id === chosen) ?? orgs.find((o) => o.id === state.organization_id) ?? orgs[0];
  if (!target) return null;
  const pending = mutation.isPending;
  // Show the choice being saved at once; the server's answer replaces it.
  const checked = pending ? Boolean(mutation.variables?.shared_with_org) : state.shared_with_org;
  const toggle = (on: boolean) =>
    // The organization is always named when sharing: with several, the server would otherwise
    // refuse (OrganizationChoiceNeeded), and with one it keeps the switch's label the truth.
    mutation.mutate(on ? { shared_with_org: true, organization_id: target.id } : { shared_with_org: false });
  return (
    <div className="session-share__controls">
      {orgs.length > 1 && (
        <div className="field session-share__org">
          <label htmlFor="share-org">Organization</label>
          <select
            id="share-org"
            value={target.id}
            // Moving a share between organizations in one step would show it to new people
            // without a fresh decision: stop sharing first, then choose.
            disabled={state.shared_with_org || pending}
            aria-describedby={state.shared_with_org ? "share-org-hint" : undefined}
            onChange={(e) => setChosen(e.target.value)}
          >
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {orgs.length > 1 && state.shared_with_org && (
        <p id="share-org-hint" className="field__hint">
          To share with another organization, stop sharing with this one first.
        </p>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          role="switch"
          checked={checked}
          disabled={pending}
          aria-describedby="share-status"
          onChange={(e) => toggle(e.target.checked)}
        />
        Share this session with {target.name}
      </label>
      <p id="share-status" className="field__hint">
        {statusText(state, target)}
      </p>
      {mutation.isError && (
        <Alert tone="error" title="Your choice was not saved">
          <p>{describeError(mutation.error)}</p>
        </Alert>
      )}
    </div>
  );
}

function statusText(state: SessionShare, org: Org): string {
  if (!state.shared_with_org) return "Off: this session's answers and face cues stay private.";
  if (state.visible_to_admins) {
    return `On: the owner and admins of ${org.name} can see this session's answers, summary and face cues.`;
  }
  return `Shared, but hidden for now: you do not share your progress with ${org.name}, so its admins see nothing of this session until you turn progress sharing on.`;
}
