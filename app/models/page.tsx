import { ModelsView } from "@/components/models-view";

export const metadata = { title: "Models · Joust" };

export default function ModelsPage() {
  return <ModelsView />;
}
