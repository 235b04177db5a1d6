export default function ArenaPage() {
  return <div className="p-4">arena</div>;
}
