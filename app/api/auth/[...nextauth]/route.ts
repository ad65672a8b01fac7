import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/next-auth-options';

// next-auth's handler; our authorize() opens a database session (lib/auth/authenticate.ts).
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req as never, { params: await ctx.params } as never, getAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
