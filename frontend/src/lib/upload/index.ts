export { type ProgressFigures, progressFigures, type UploadProgressState } from "./progress";
export { RESUMABLE_UPLOAD_URL } from "./resumable";
export { type SendHandle, sendVideo } from "./send-video";
export { UploadProgress } from "./UploadProgress";
