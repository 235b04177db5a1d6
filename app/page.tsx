export default function ChatPage() {
  return <div className="p-4">Joust</div>;
}
