import { SCRIPT_MAX_CHARS } from "@coherence/shared";
import { useId } from "react";
import { decodeScriptFile, SCRIPT_ACCEPT, scriptFileProblem } from "./validate-script";

export type ScriptInputProps = {
  value: string;
  onChange: (text: string) => void;
  /** Why the script cannot be used (shown under the field), or null. */
  error: string | null;
  onError: (problem: string | null) => void;
  disabled?: boolean;
  /** On the upload form the script may be left empty. */
  optional?: boolean;
};

/** A file's bytes, through FileReader (which every browser, and jsdom, has). */
function readBytes(file: File): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

/**
 * The presenter's script: pasted, or read from a chosen .txt or .md file. A file that is not
 * text, too large or empty is explained here and its contents are not taken.
 */
export function ScriptInput({ value, onChange, error, onError, disabled, optional }: ScriptInputProps) {
  const id = useId();
  const ids = { text: `${id}-text`, file: `${id}-file`, hint: `${id}-hint`, error: `${id}-error` };

  const choose = async (file: File | undefined) => {
    if (!file) return;
    const problem = scriptFileProblem(file);
    if (problem) return onError(problem);
    const read = decodeScriptFile(await readBytes(file));
    if ("problem" in read) return onError(`“${file.name}”: ${read.problem}`);
    onChange(read.text);
    onError(null);
  };

  return (
    <div className={`field script-field${error ? " has-error" : ""}`} data-testid="script-input">
      <label htmlFor={ids.text}>Script{optional && <span className="muted"> (optional)</span>}</label>
      <p className="field-hint" id={ids.hint}>
        The text you rehearse from. We use it to transcribe your talk accurately and to show where you left it, skipped
        a passage or ad-libbed. Paste it, or choose a .txt or .md file.
      </p>
      <textarea
        id={ids.text}
        className="script-textarea"
        rows={6}
        value={value}
        disabled={disabled}
        aria-describedby={error ? `${ids.hint} ${ids.error}` : ids.hint}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          onChange(e.target.value);
          if (error) onError(null);
        }}
      />
      <div className="script-tools">
        <label className={`btn btn-secondary btn-sm${disabled ? " is-disabled" : ""}`} htmlFor={ids.file}>
          Choose a .txt or .md file
        </label>
        <input
          id={ids.file}
          className="sr-only"
          type="file"
          accept={SCRIPT_ACCEPT}
          disabled={disabled}
          data-testid="script-file"
          onChange={(e) => {
            void choose(e.target.files?.[0]);
            e.target.value = "";
          }}
        />
        <span className="muted small">
          {value.length.toLocaleString("en")} / {SCRIPT_MAX_CHARS.toLocaleString("en")} characters
        </span>
      </div>
      {error && (
        <p className="field-error" id={ids.error} role="alert" data-testid="script-error">
          {error}
        </p>
      )}
    </div>
  );
}
