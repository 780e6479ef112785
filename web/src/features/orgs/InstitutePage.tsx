import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { instituteAssignmentsPath, instituteDashboardPath, instituteSharedPath } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { TextField } from "../../components/TextField";
import { useReturnFocus } from "../../components/useReturnFocus";
import { describeError } from "../../lib/apiError";
import { useCreateInvite, useCreateOrg, useJoinOrg, useLeaveOrg, useMyOrgs, useSetSharing } from "./api";
import { formatDate } from "./format";
import { SignInPolicy } from "./SignInPolicy";
import { StaffVisibility } from "./StaffVisibility";
import type { Invite, Org } from "./types";
import "./orgs.css";

const ROLE_NAMES: Record<Org["my_role"], string> = { owner: "Owner", admin: "Admin", coach: "Coach", member: "Member" };

/** "Institute": your organizations, your sharing choice in each, joining and creating one. */
export function InstitutePage() {
  const orgs = useMyOrgs();
  return (
    <div className="page orgs-page">
      <PageHeading title="Institute" />
      <p className="page-lead">
        Practise with your institute, bootcamp or placement cell. Joining shares nothing: you decide whether its admins
        may see your scores and progress, and your answers stay private unless you share a session.
      </p>
      {orgs.isPending ? (
        <Loading label="Loading your organizations…" />
      ) : orgs.isError ? (
        <Alert tone="error" title="Your organizations could not be loaded">
          <p>{describeError(orgs.error)}</p>
        </Alert>
      ) : orgs.data.items.length === 0 ? (
        <p className="orgs-empty">You are not in an organization yet. Join one with an invite code, or create one.</p>
      ) : (
        orgs.data.items.map((org) => <OrgCard key={org.id} org={org} />)
      )}
      <div className="orgs-forms">
        <JoinForm />
        <CreateForm />
      </div>
    </div>
  );
}

function OrgCard({ org }: { org: Org }) {
  const isAdmin = org.my_role === "owner" || org.my_role === "admin";
  const titleId = `org-${org.id}`;
  return (
    <section className="card orgs-section" aria-labelledby={titleId}>
      <h2 id={titleId}>{org.name}</h2>
      <p className="orgs-section__lead">
        {ROLE_NAMES[org.my_role]} · {org.member_count} {org.member_count === 1 ? "member" : "members"} · joined{" "}
        {formatDate(org.joined_at)}
      </p>
      {isAdmin && (
        <p className="orgs-links">
          <Link to={instituteDashboardPath(org.id)} className="button button--primary">
            Open the cohort dashboard
          </Link>{" "}
          <Link to={instituteAssignmentsPath(org.id)} className="button">
            Groups and assignments
          </Link>
        </p>
      )}
      {(isAdmin || org.my_role === "coach") && (
        <p>
          <Link to={instituteSharedPath(org.id)} className="button">
            Sessions shared with {org.name}
          </Link>
        </p>
      )}
      <SharingToggle org={org} />
      <StaffVisibility org={org} />
      {isAdmin && <InvitePanel org={org} />}
      {org.my_role === "owner" && <SignInPolicy org={org} />}
      <LeavePanel org={org} />
    </section>
  );
}

function SharingToggle({ org }: { org: Org }) {
  const sharing = useSetSharing(org.id);
  const hintId = `sharing-hint-${org.id}`;
  // Show the choice being saved at once; the server's answer replaces it.
  const checked = sharing.isPending ? Boolean(sharing.variables) : org.shares_progress;
  return (
    <div className="sharing-toggle">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          disabled={sharing.isPending}
          aria-describedby={hintId}
          onChange={(e) => sharing.mutate(e.target.checked)}
        />
        Share my scores and progress with {org.name}
      </label>
      <p id={hintId} className="field__hint">
        {org.shares_progress
          ? "Its owner and admins see your session scores and trends. They never see your answers, recordings or face cues unless you share a session."
          : "Off: its owner and admins see nothing of your practice."}
      </p>
      {sharing.isError && (
        <Alert tone="error" title="Your choice was not saved">
          <p>{describeError(sharing.error)}</p>
        </Alert>
      )}
    </div>
  );
}

function InvitePanel({ org }: { org: Org }) {
  const create = useCreateInvite(org.id);
  const [role, setRole] = useState<"member" | "coach" | "admin">("member");
  const [invite, setInvite] = useState<Invite | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ role, expires_in_days: 7, max_uses: null }, { onSuccess: setInvite });
  };
  return (
    <form className="invite-panel" onSubmit={submit} aria-busy={create.isPending}>
      <h3>Invite people</h3>
      {(org.my_role === "owner" || org.my_role === "admin") && (
        <div className="field field--inline">
          <label htmlFor={`invite-role-${org.id}`}>They join as</label>
          <select
            id={`invite-role-${org.id}`}
            value={role}
            onChange={(e) =>
              setRole(e.target.value === "admin" ? "admin" : e.target.value === "coach" ? "coach" : "member")
            }
          >
            <option value="member">Member</option>
            <option value="coach">Coach (comments on shared sessions)</option>
            {org.my_role === "owner" && <option value="admin">Admin (sees the dashboard)</option>}
          </select>
        </div>
      )}
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create an invite code"}
      </button>
      {create.isError && (
        <Alert tone="error" title="No code was created">
          <p>{describeError(create.error)}</p>
        </Alert>
      )}
      {invite && (
        <Alert tone="success" title="Invite code">
          <p>
            <code className="invite-code">{invite.code}</code>
          </p>
          <p>
            Anyone with this code can join as{" "}
            {invite.role === "admin" ? "an admin" : invite.role === "coach" ? "a coach" : "a member"} until{" "}
            {formatDate(invite.expires_at)}. It is shown only now: copy it before you leave this page.
          </p>
        </Alert>
      )}
    </form>
  );
}

function LeavePanel({ org }: { org: Org }) {
  const leave = useLeaveOrg(org.id);
  const [confirming, setConfirming] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useReturnFocus(confirming, opener);
  // The panel replaces the button under the focus: it takes focus so its warning is read first.
  useEffect(() => {
    if (confirming) panel.current?.focus();
  }, [confirming]);
  if (!confirming) {
    return (
      <p>
        <button type="button" className="button button--quiet" onClick={() => setConfirming(true)} ref={opener}>
          Leave {org.name}
        </button>
      </p>
    );
  }
  return (
    <div
      className="leave-confirm"
      role="group"
      aria-label={`Leave ${org.name}`}
      tabIndex={-1}
      ref={panel}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          setConfirming(false);
        }
      }}
    >
      <p>Its admins lose access to your progress at once, and any session you shared with it is no longer shared.</p>
      {leave.isError && (
        <Alert tone="error" title="You are still a member">
          <p>{describeError(leave.error)}</p>
        </Alert>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          onClick={() => leave.mutate()}
          disabled={leave.isPending}
        >
          {leave.isPending ? "Leaving…" : "Leave"}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
          Stay
        </button>
      </div>
    </div>
  );
}

function JoinForm() {
  const join = useJoinOrg();
  const [code, setCode] = useState("");
  const [joined, setJoined] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    setJoined(null);
    join.mutate(code.trim(), {
      onSuccess: (m) => {
        setJoined(m.organization_name);
        setCode("");
      },
    });
  };
  return (
    <form className="card orgs-section" onSubmit={submit} aria-labelledby="join-title" noValidate>
      <h2 id="join-title">Join with a code</h2>
      <TextField
        name="code"
        label="Invite code"
        hint="From your institute, like ABCD-EFGH-JKMN."
        value={code}
        autoComplete="off"
        onChange={(e) => setCode(e.target.value)}
        error={join.isError ? describeError(join.error) : undefined}
      />
      <button type="submit" className="button button--primary" disabled={join.isPending || !code.trim()}>
        {join.isPending ? "Joining…" : "Join"}
      </button>
      {joined && (
        <Alert tone="success" title={`You joined ${joined}`}>
          <p>Your progress stays private until you turn sharing on above.</p>
        </Alert>
      )}
    </form>
  );
}

function CreateForm() {
  const create = useCreateOrg();
  const [name, setName] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    create.mutate(name.trim(), { onSuccess: () => setName("") });
  };
  return (
    <form className="card orgs-section" onSubmit={submit} aria-labelledby="create-title" noValidate>
      <h2 id="create-title">Create an organization</h2>
      <TextField
        name="name"
        label="Organization name"
        hint="For example your institute, bootcamp or placement cell. You become its owner."
        value={name}
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
        error={create.isError ? describeError(create.error) : undefined}
      />
      <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
        {create.isPending ? "Creating…" : "Create"}
      </button>
    </form>
  );
}
