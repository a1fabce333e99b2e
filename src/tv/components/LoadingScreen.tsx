/** Shown while a screen's code loads: the stage's background and a quiet word, never a blank frame. */
export function LoadingScreen() {
  return (
    <div className="screen screen--centered" data-testid="loading">
      <p className="muted">Loading…</p>
    </div>
  );
}
