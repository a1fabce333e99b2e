import { type ReactNode, useEffect, useState } from 'react';

// The app is laid out once, on a fixed 1920×1080 stage, and scaled to whatever window it gets
// (1280×720 TV browsers, a desktop window), centred with a black letterbox.

export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

export interface StageFit {
  scale: number;
  left: number;
  top: number;
}

export function fitStage(windowWidth: number, windowHeight: number): StageFit {
  const scale = Math.min(windowWidth / STAGE_WIDTH, windowHeight / STAGE_HEIGHT) || 1;
  return {
    scale,
    left: Math.round((windowWidth - STAGE_WIDTH * scale) / 2),
    top: Math.round((windowHeight - STAGE_HEIGHT * scale) / 2),
  };
}

export function Stage({ children }: { children: ReactNode }) {
  const [fit, setFit] = useState(() => fitStage(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const onResize = () => setFit(fitStage(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const transform = `translate(${fit.left}px, ${fit.top}px) scale(${fit.scale})`;
  return (
    <div className="stage" data-testid="stage" style={{ transform }}>
      {children}
    </div>
  );
}
