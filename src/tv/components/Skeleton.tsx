// Grey placeholders in the shape of what is loading, so a screen has its layout before its data.

export function SkeletonBlock({
  width,
  height,
  className,
}: {
  width: number;
  height: number;
  className?: string;
}) {
  return <div className={`skeleton${className ? ` ${className}` : ''}`} style={{ width, height }} />;
}

/** A row title and a few cards' worth of placeholders. */
export function SkeletonRow({
  cards,
  cardWidth,
  cardHeight,
  pitch,
}: {
  cards: number;
  cardWidth: number;
  cardHeight: number;
  pitch: number;
}) {
  const placeholders = [];
  for (let i = 0; i < cards; i++) {
    placeholders.push(
      <div
        key={i}
        className="skeleton"
        style={{ position: 'absolute', left: i * pitch, top: 0, width: cardWidth, height: cardHeight }}
      />,
    );
  }
  return (
    <div className="skeleton-row" data-testid="skeleton">
      <div className="skeleton skeleton-row__title" />
      <div style={{ position: 'relative', height: cardHeight }}>{placeholders}</div>
    </div>
  );
}
