/** A polite live region: what a button did, said once. */
export function Status({ message, testid }: { message: string; testid: string }) {
  return (
    <p class="options__status" role="status" data-testid={testid}>
      {message}
    </p>
  );
}
