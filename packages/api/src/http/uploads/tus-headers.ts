/** Request headers a browser on another origin must be allowed to send for the tus protocol. */
export const TUS_REQUEST_HEADERS = [
  "tus-resumable",
  "upload-length",
  "upload-offset",
  "upload-metadata",
  "upload-defer-length",
  "upload-concat",
  "x-http-method-override",
  "x-requested-with",
];

/** Response headers a browser on another origin must be allowed to read for the tus protocol. */
export const TUS_RESPONSE_HEADERS = [
  "location",
  "tus-resumable",
  "tus-version",
  "tus-extension",
  "tus-max-size",
  "upload-offset",
  "upload-length",
  "upload-metadata",
  "upload-expires",
];
