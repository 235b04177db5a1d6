export default function SideBySidePage() {
  return <div className="p-4">arena/side-by-side</div>;
}
