import type { Ref } from 'preact';

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
  testid: string;
}

/** A labelled text input with its error message: `aria-invalid` and `aria-describedby` set while there is one. */
export function TextField(props: TextFieldProps) {
  const errorId = `${props.id}-error`;
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <input
        ref={props.inputRef}
        id={props.id}
        type="text"
        class="options__input"
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
      {props.error && (
        <p id={errorId} class={`options__error${props.errorClass ? ` ${props.errorClass}` : ''}`}>
          {props.error}
        </p>
      )}
    </>
  );
}
