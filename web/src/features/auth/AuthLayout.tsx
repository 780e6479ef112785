import type { ReactNode } from "react";
import { PageHeading } from "../../components/PageHeading";

/** The frame of the signed-out pages: a short promise of the product beside the form. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-layout">
      <section className="auth-intro" aria-label="About MoodLens Interview Coach">
        <p className="auth-intro__lead">Practise interviews in private and get feedback you can act on.</p>
        {/* Only promises that hold in this release: the design rules every later feature keeps. */}
        <ul className="auth-intro__points">
          <li>Your camera video is never uploaded.</li>
          <li>Open source, so you can check what happens to your data.</li>
        </ul>
      </section>
      <section className="card auth-card">
        <PageHeading title={title} />
        {children}
      </section>
    </div>
  );
}
