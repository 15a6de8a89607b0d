import { Button } from "../../components/ui";
import { formatClock, formatDate } from "../../lib/format";
import type { StoredTake } from "./take-store";

/** Offers to send (or discard) a recording kept in the browser after a reload, a crash or a failed send. */
export function ResumeTakeBanner(props: { take: StoredTake; onSend: () => void; onDiscard: () => void }) {
  const { take } = props;
  return (
    <div className="notice" role="status" data-testid="resume-take">
      <div>
        <strong>Resume sending your last recording?</strong>
        <p className="muted small">
          {formatClock(take.durationSeconds)} recorded {formatDate(new Date(take.createdAt))}
          {take.complete ? "" : " (the recording was interrupted; what was recorded is kept)"}. It stays in this browser
          until it is sent.
        </p>
      </div>
      <div className="row">
        <Button onClick={props.onSend} data-testid="resume-take-send">
          Review and send
        </Button>
        <Button variant="secondary" onClick={props.onDiscard}>
          Discard
        </Button>
      </div>
    </div>
  );
}
