export default function ModelsPage() {
  return <div className="p-4">models</div>;
}
