import type { FastifyRequest } from 'fastify';
import { plexValue } from '../plex-request';

// What is playing now, for `/status/sessions` (docs/protocol.md#now-playing): the players' timeline reports
// and the conversions start.m3u8 began, kept in memory only (a restart forgets them, as nothing is playing
// then). A timeline and a conversion are one session when the timeline names the conversion's session (its
// X-Plex-Session-Identifier or `session` id) or comes from the same player for the same item.

/** The player as it names itself in its X-Plex values (Plex's Player element). */
export interface PlayerInfo {
  machineIdentifier: string;
  /** The device's name (X-Plex-Device-Name). */
  title: string;
  device: string;
  model: string;
  platform: string;
  platformVersion: string;
  product: string;
  version: string;
  /** The address the request came from. */
  address: string;
}

export type PlayState = 'playing' | 'paused' | 'buffering' | 'stopped';

export interface TimelineReport {
  accountId: number;
  ratingKey: number;
  state: PlayState;
  timeMs: number;
  player: PlayerInfo;
  /** X-Plex-Session-Identifier, '' when the player sent none. */
  sessionIdentifier: string;
}

/** A conversion start.m3u8 began (what /status/sessions shows as TranscodeSession). */
export interface ConversionReport {
  /** The transcoder's session id (`session=`). */
  sessionId: string;
  accountId: number;
  ratingKey: number;
  player: PlayerInfo;
  sessionIdentifier: string;
  videoDecision: 'copy' | 'transcode';
  /** null for a file without audio. */
  audioDecision: 'copy' | 'transcode' | null;
  sourceVideoCodec: string;
  sourceAudioCodec: string | null;
  videoCodec: string;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  durationMs: number;
}

/** One session as /status/sessions lists it. */
export interface PlayingSession {
  /** Stable while it plays: the conversion's session id, else the player's session or identifier. */
  id: string;
  accountId: number;
  ratingKey: number;
  state: PlayState;
  /** Where playback is (ms): the last timeline's time, 0 before any. */
  timeMs: number;
  player: PlayerInfo;
  conversion: ConversionReport | null;
}

interface TimelineEntry extends TimelineReport {
  at: number;
}

export interface NowPlayingOptions {
  /** A session with no timeline for this long is over (default 90 s: players report every 10 s). */
  staleMs?: number;
  /** Sessions kept at most; the oldest go first (default 200). */
  maxEntries?: number;
  now?: () => number;
}

export class NowPlaying {
  private readonly timelines = new Map<string, TimelineEntry>();
  private readonly conversions = new Map<string, ConversionReport>();
  private readonly staleMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: NowPlayingOptions = {}) {
    this.staleMs = options.staleMs ?? 90_000;
    this.maxEntries = options.maxEntries ?? 200;
    this.now = options.now ?? Date.now;
  }

  /** A player's timeline (or progress) report; `stopped` ends its session. */
  reportTimeline(report: TimelineReport): void {
    const key = timelineKey(report);
    this.timelines.delete(key);
    if (report.state === 'stopped') return;
    this.timelines.set(key, { ...report, at: this.now() });
    dropOldest(this.timelines, this.maxEntries);
  }

  reportConversion(report: ConversionReport): void {
    this.conversions.delete(report.sessionId);
    this.conversions.set(report.sessionId, report);
    dropOldest(this.conversions, this.maxEntries);
  }

  endConversion(sessionId: string): void {
    this.conversions.delete(sessionId);
  }

  /**
   * The sessions playing now: every recent timeline not stopped, with its conversion when it has one, and
   * every conversion still running (`isRunning`) that no timeline names (a player that never reports).
   */
  sessions(isRunning: (sessionId: string) => boolean): PlayingSession[] {
    const now = this.now();
    for (const [key, entry] of this.timelines) if (now - entry.at > this.staleMs) this.timelines.delete(key);
    for (const id of this.conversions.keys()) if (!isRunning(id)) this.conversions.delete(id);

    const matched = new Set<string>();
    const sessions: PlayingSession[] = [];
    for (const [key, entry] of this.timelines) {
      const conversion = [...this.conversions.values()].find(
        (candidate) => !matched.has(candidate.sessionId) && sameSession(entry, candidate),
      );
      if (conversion) matched.add(conversion.sessionId);
      sessions.push({
        id: conversion?.sessionId ?? key,
        accountId: entry.accountId,
        ratingKey: entry.ratingKey,
        state: entry.state,
        timeMs: entry.timeMs,
        player: entry.player,
        conversion: conversion ?? null,
      });
    }
    for (const conversion of this.conversions.values()) {
      if (matched.has(conversion.sessionId)) continue;
      sessions.push({
        id: conversion.sessionId,
        accountId: conversion.accountId,
        ratingKey: conversion.ratingKey,
        state: 'playing',
        timeMs: 0,
        player: conversion.player,
        conversion,
      });
    }
    return sessions;
  }
}

/** The player of a request, from its X-Plex values (header or query) and its address. */
export function playerOf(request: FastifyRequest): PlayerInfo {
  const device = plexValue(request, 'X-Plex-Device');
  const product = plexValue(request, 'X-Plex-Product');
  return {
    machineIdentifier: plexValue(request, 'X-Plex-Client-Identifier'),
    title: plexValue(request, 'X-Plex-Device-Name') || device || product || 'Unknown device',
    device,
    model: plexValue(request, 'X-Plex-Model'),
    platform: plexValue(request, 'X-Plex-Platform'),
    platformVersion: plexValue(request, 'X-Plex-Platform-Version'),
    product,
    version: plexValue(request, 'X-Plex-Version'),
    address: request.ip,
  };
}

function timelineKey(report: TimelineReport): string {
  if (report.sessionIdentifier) return `${report.accountId}:session:${report.sessionIdentifier}`;
  return `${report.accountId}:player:${report.player.machineIdentifier || report.player.address}:${report.ratingKey}`;
}

function sameSession(timeline: TimelineReport, conversion: ConversionReport): boolean {
  if (timeline.accountId !== conversion.accountId) return false;
  const named = timeline.sessionIdentifier;
  if (named && (named === conversion.sessionIdentifier || named === conversion.sessionId)) return true;
  return (
    timeline.ratingKey === conversion.ratingKey &&
    timeline.player.machineIdentifier !== '' &&
    timeline.player.machineIdentifier === conversion.player.machineIdentifier
  );
}

function dropOldest<V>(map: Map<string, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) break;
    map.delete(key);
  }
}
