import { ArenaBattle } from "@/components/arena-battle";

export const metadata = { title: "Arena · Joust" };

export default function ArenaPage() {
  return <ArenaBattle mode="anonymous" />;
}
