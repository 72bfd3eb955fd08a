import { startTimelineServer } from '../../fixtures/timeline/serve';
import { TimelinePage } from '../pages/timeline-page';
import type { BrowserSession, LaunchOptions, PageDriver } from './browser-session';

export interface TimelineSession {
  server: Awaited<ReturnType<typeof startTimelineServer>>;
  session: BrowserSession;
  driver: PageDriver;
  timeline: TimelinePage;
  close(): Promise<void>;
}

/** Serves the demo timeline, launches a browser with the extension and opens `path` (the #Protokoll timeline by default). */
export async function openTimeline(
  launch: (options: LaunchOptions) => Promise<BrowserSession>,
  options: LaunchOptions & { path?: string } = {},
): Promise<TimelineSession> {
  const server = await startTimelineServer();
  const session = await launch(options);
  const driver = await session.newPage();
  await driver.goto(`${server.origin}${options.path ?? '/tags/Protokoll'}`);
  return {
    server,
    session,
    driver,
    timeline: new TimelinePage(driver),
    close: async () => {
      await session.close();
      await server.close();
    },
  };
}
