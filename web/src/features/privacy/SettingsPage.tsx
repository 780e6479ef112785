import { PageHeading } from "../../components/PageHeading";
import { ActivitySection } from "./ActivitySection";
import { ConsentSection } from "./ConsentSection";
import { DeleteAccountSection } from "./DeleteAccountSection";
import { ExportSection } from "./ExportSection";
import { RetentionSection } from "./RetentionSection";
import "./privacy.css";

/** Settings: consent, retention and recording, export, activity, account deletion. */
export function SettingsPage() {
  return (
    <div className="page settings-page">
      <PageHeading title="Privacy and data" />
      <p className="page-lead">
        Your video never leaves your device. Here you decide what MoodLens may capture, how long it keeps your sessions,
        and you can take your data with you or delete it.
      </p>
      <ConsentSection />
      <RetentionSection />
      <ExportSection />
      <ActivitySection />
      <DeleteAccountSection />
    </div>
  );
}
