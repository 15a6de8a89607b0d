import type { TScriptAdherence } from "@coherence/shared";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { Button, ErrorState, Skeleton } from "../../components/ui";
import { toApiError } from "../../lib/errors";
import { setVideoScript, useVideoScript } from "./api";
import { ScriptInput } from "./ScriptInput";
import { ScriptMarks } from "./ScriptMarks";
import { ScriptSummaryView } from "./ScriptSummary";
import { scriptTextProblem } from "./validate-script";

export type ScriptTabProps = {
  videoId: string;
  /** From the results; absent when the talk was analysed without a script. */
  adherence?: TScriptAdherence;
  currentTime: number;
  onSeek: (seconds: number) => void;
};

/** The Script tab: how the talk followed the presenter's script, and a way to set or replace it. */
export function ScriptTab({ videoId, adherence, currentTime, onSeek }: ScriptTabProps) {
  const script = useVideoScript(videoId);
  const [editing, setEditing] = useState(false);

  if (script.isPending) return <Skeleton height={120} />;
  if (script.isError) {
    return (
      <ErrorState
        error={toApiError(script.error)}
        onRetry={() => script.refetch()}
        title="We couldn't load the script"
      />
    );
  }
  const text = script.data?.text;
  if (editing || !text) {
    return (
      <div className="stack-sm">
        {!text && (
          <p className="empty-inline">
            This talk has no script. Add the text you rehearsed from to see what you delivered, skipped, changed or
            ad-libbed. The talk is analysed again with it (the video analysis is reused, so it is quick).
          </p>
        )}
        <ScriptEditor videoId={videoId} initial={text ?? ""} onCancel={text ? () => setEditing(false) : undefined} />
      </div>
    );
  }
  return (
    <div className="script-tab stack-sm">
      {adherence ? (
        <>
          <ScriptSummaryView adherence={adherence} />
          <ScriptMarks script={text} adherence={adherence} currentTime={currentTime} onSeek={onSeek} />
        </>
      ) : (
        <>
          <p className="empty-inline">This talk was analysed before its script was compared with what you said.</p>
          <p className="script-text">{text}</p>
        </>
      )}
      <div>
        <Button variant="secondary" onClick={() => setEditing(true)} data-testid="replace-script">
          Replace the script
        </Button>
      </div>
    </div>
  );
}

/** Sets or replaces the script, then follows the new analysis on the processing page. */
function ScriptEditor({ videoId, initial, onCancel }: { videoId: string; initial: string; onCancel?: () => void }) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const navigate = useNavigate();
  const qc = useQueryClient();

  const save = async () => {
    const problem = scriptTextProblem(value);
    setError(problem);
    if (problem) return;
    setSaving(true);
    try {
      const out = await setVideoScript(videoId, value);
      await qc.invalidateQueries({ queryKey: ["videos"] });
      if (out.reanalysing) navigate(`/talks/${videoId}/processing`);
      else onCancel?.();
    } catch (err) {
      const e = toApiError(err);
      setError(e.fieldError("text") ?? e.message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="script-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <ScriptInput value={value} onChange={setValue} error={error} onError={setError} disabled={saving} />
      <div className="row-actions">
        <Button type="submit" busy={saving} data-testid="save-script">
          Save and analyse again
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
