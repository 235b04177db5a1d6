import { AccessForm } from "@/components/access-form";

export default function AccessPage() {
  return (
    <div className="mx-auto max-w-sm space-y-3 p-6">
      <h1 className="text-xl font-semibold">Access code</h1>
      <p className="text-sm text-zinc-600">This server needs an access code for chat and the arena.</p>
      <AccessForm />
    </div>
  );
}
