import { Link } from "react-router";
import { PageHeading } from "../components/PageHeading";
import { paths } from "../config/paths";

export function NotFoundPage() {
  return (
    <div className="page narrow">
      <PageHeading title="Page not found" />
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <Link to={paths.home}>Go to your sessions</Link>
      </p>
    </div>
  );
}
