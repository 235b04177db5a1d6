import Link from "next/link";

const LINKS = [
  { href: "/", label: "Chat" },
  { href: "/arena", label: "Arena" },
  { href: "/arena/side-by-side", label: "Side-by-side" },
  { href: "/leaderboard", label: "Leaderboard" },
  { href: "/eval", label: "Eval" },
  { href: "/models", label: "Models" },
  { href: "/playground", label: "Playground" },
];

export function NavBar() {
  return (
    <header className="flex items-center gap-4 border-b border-zinc-200 px-4 py-2 text-sm">
      <Link href="/" className="font-semibold tracking-tight">
        Joust
      </Link>
      <nav className="flex flex-wrap gap-x-3 gap-y-1">
        {LINKS.map((l) => (
          <Link key={l.href} href={l.href} className="whitespace-nowrap text-zinc-600 hover:text-zinc-900">
            {l.label}
          </Link>
        ))}
      </nav>
    </header>
  );
}
