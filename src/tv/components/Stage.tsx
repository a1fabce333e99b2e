import { type ReactNode, useEffect, useState } from 'react';
import { fitStage } from '../stage-fit';

/** The fixed 1920×1080 stage every screen is laid out on, scaled to the window (see stage-fit.ts). */
export function Stage({ children }: { children: ReactNode }) {
  const [fit, setFit] = useState(() => fitStage(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const onResize = () => setFit(fitStage(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  // Whole-pixel offsets keep text crisp.
  const transform = `translate(${Math.round(fit.left)}px, ${Math.round(fit.top)}px) scale(${fit.scale})`;
  return (
    <div className="stage" data-testid="stage" style={{ transform }}>
      {children}
    </div>
  );
}
