import type { ComponentChildren, Ref } from 'preact';

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  /** What is wrong with the value, shown under the field and tied to it; '' when nothing is. */
  error: string;
  onInput: (value: string) => void;
  /** When the reader leaves the field or presses Enter, for fields that save on their own. */
  onCommit?: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  maxLength?: number;
  placeholder?: string;
  /** Off for keyword lists, hostnames and the like. */
  spellcheck?: boolean;
  errorClass?: string;
  /** Announce the error as it appears (for errors shown after a submit, not while typing). */
  errorAlert?: boolean;
  errorTestid?: string;
  inputMode?: 'text' | 'url';
  inputClass?: string;
  /** A button on the field's line (an Add beside the field). */
  action?: ComponentChildren;
  testid: string;
}

/** A labelled text input with its error message: `aria-invalid` and `aria-describedby` set while there is one. */
export function TextField(props: TextFieldProps) {
  const errorId = `${props.id}-error`;
  const input = (
    <input
      ref={props.inputRef}
      id={props.id}
      type="text"
      inputMode={props.inputMode}
      class={`options__input${props.inputClass ? ` ${props.inputClass}` : ''}`}
      value={props.value}
      maxLength={props.maxLength}
      placeholder={props.placeholder}
      autocomplete="off"
      spellcheck={props.spellcheck}
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={props.error ? errorId : undefined}
      onInput={(event) => props.onInput(event.currentTarget.value)}
      onChange={props.onCommit && ((event) => props.onCommit!(event.currentTarget.value))}
      data-testid={props.testid}
    />
  );
  return (
    <>
      <label for={props.id}>{props.label}</label>
      {props.action ? (
        <div class="options__inline">
          {input}
          {props.action}
        </div>
      ) : (
        input
      )}
      {props.error && (
        <p
          id={errorId}
          class={`options__error${props.errorClass ? ` ${props.errorClass}` : ''}`}
          role={props.errorAlert ? 'alert' : undefined}
          data-testid={props.errorTestid}
        >
          {props.error}
        </p>
      )}
    </>
  );
}
