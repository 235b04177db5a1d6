import { ArenaBattle } from "@/components/arena-battle";

export const metadata = { title: "Side-by-side · Joust" };

export default function SideBySidePage() {
  return <ArenaBattle mode="named" />;
}
