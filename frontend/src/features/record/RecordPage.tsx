import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";
import { Card } from "../../components/ui";
import { useMe } from "../auth/api";
import { useUploadConfig } from "../upload/upload-config";
import { NewTalkTabs } from "./NewTalkTabs";
import { RecordSetup } from "./RecordSetup";
import { ResumeTakeBanner } from "./ResumeTakeBanner";
import { ReviewTake } from "./ReviewTake";
import { chooseRecordingFormat } from "./recording-format";
import { browserRecordingSupport } from "./use-camera";
import { useLatestTake } from "./use-latest-take";
import type { Take } from "./use-recorder";

type Step = { step: "setup" } | { step: "review"; take: Take; title?: string; script?: string };

/** Record a talk in the browser: preview and check, count down, record, play back, then send. */
export function RecordPage() {
  const me = useMe();
  const ownerId = me.data?.id;
  const [step, setStep] = useState<Step>({ step: "setup" });
  const latest = useLatestTake(ownerId);
  const limits = useUploadConfig()?.video;
  const navigate = useNavigate();
  const qc = useQueryClient();
  const unsupported = useRef(browserRecordingSupport()).current;
  const format = useRef(
    typeof window.MediaRecorder === "function" ? chooseRecordingFormat((t) => MediaRecorder.isTypeSupported(t)) : null,
  ).current;

  useEffect(() => {
    document.title = "Record a talk · Coherence";
  }, []);

  const sent = async (videoId: string) => {
    latest.forget();
    await qc.invalidateQueries({ queryKey: ["videos"] });
    navigate(`/talks/${videoId}/processing`);
  };

  const problem =
    unsupported ??
    (format === null
      ? {
          title: "This browser can't record a format we accept",
          message: "Use a current Chrome, Edge, Firefox or Safari, or record with another app and upload the file.",
        }
      : null);

  return (
    <div className="stack narrow">
      <div className="page-head">
        <div>
          <h1>New talk</h1>
          <p className="muted">Record yourself presenting, right here. Nothing is sent until you choose to.</p>
        </div>
      </div>
      <NewTalkTabs />
      {latest.take && step.step === "setup" && (
        <ResumeTakeBanner
          take={latest.take}
          onSend={() =>
            latest.take &&
            setStep({
              step: "review",
              take: { ...latest.take, kept: true },
              title: latest.take.title,
              script: latest.take.script,
            })
          }
          onDiscard={() => void latest.discard()}
        />
      )}
      {problem ? (
        <Card>
          <div className="error-state" role="alert" data-testid="record-problem">
            <span className="error-icon" aria-hidden="true">
              !
            </span>
            <div>
              <h3>{problem.title}</h3>
              <p>{problem.message}</p>
              <Link className="btn btn-secondary" to="/upload">
                Upload a file instead
              </Link>
            </div>
          </div>
        </Card>
      ) : step.step === "setup" ? (
        ownerId &&
        format &&
        limits && (
          <RecordSetup
            ownerId={ownerId}
            format={format}
            maxSeconds={limits.maxDurationSeconds}
            maxBytes={limits.maxBytes}
            onRecorded={(take) => setStep({ step: "review", take })}
          />
        )
      ) : (
        <ReviewTake
          take={step.take}
          initialTitle={step.title}
          initialScript={step.script}
          onRetake={() => setStep({ step: "setup" })}
          onSent={(id) => void sent(id)}
        />
      )}
    </div>
  );
}
