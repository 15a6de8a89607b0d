import { type RefObject, useEffect, useState } from "react";
import { type Box, type FramingHint, framingHint, lightHint, meanLuma } from "./framing";

type FaceDetectorLike = { detect(source: CanvasImageSource): Promise<Array<{ boundingBox: DOMRectReadOnly }>> };
type FaceDetectorCtor = new (opts?: { fastMode?: boolean; maxDetectedFaces?: number }) => FaceDetectorLike;

/** The browser's own face detector (Shape Detection API) where it exists. */
function browserFaceDetector(): FaceDetectorLike | null {
  const Ctor = (window as unknown as { FaceDetector?: FaceDetectorCtor }).FaceDetector;
  if (!Ctor) return null;
  try {
    return new Ctor({ fastMode: true, maxDetectedFaces: 3 });
  } catch {
    return null;
  }
}

const SAMPLE_WIDTH = 160;

/** A framing hint about twice a second while the preview plays; `null` until the first frame. */
export function useFramingHint(video: RefObject<HTMLVideoElement | null>, active: boolean): FramingHint | null {
  const [hint, setHint] = useState<FramingHint | null>(null);
  useEffect(() => {
    if (!active) return;
    const detector = browserFaceDetector();
    const canvas = document.createElement("canvas");
    let busy = false;
    const check = async () => {
      const el = video.current;
      if (busy || !el || el.readyState < 2 || el.videoWidth === 0) return;
      busy = true;
      try {
        if (detector) {
          const faces = await detector.detect(el);
          const boxes: Box[] = faces.map((f) => f.boundingBox);
          setHint(framingHint({ faces: boxes, frameWidth: el.videoWidth, frameHeight: el.videoHeight }));
        } else {
          canvas.width = SAMPLE_WIDTH;
          canvas.height = Math.round((SAMPLE_WIDTH * el.videoHeight) / el.videoWidth);
          const ctx = canvas.getContext("2d", { willReadFrequently: true });
          if (!ctx) return;
          ctx.drawImage(el, 0, 0, canvas.width, canvas.height);
          setHint(lightHint(meanLuma(ctx.getImageData(0, 0, canvas.width, canvas.height).data)));
        }
      } catch {
        // A hint is advice: a detector that fails leaves the last hint, and recording goes on.
      } finally {
        busy = false;
      }
    };
    const timer = window.setInterval(() => void check(), 500);
    return () => window.clearInterval(timer);
  }, [video, active]);
  return hint;
}
