import { Playground } from "@/components/playground";

export const metadata = { title: "Engine playground · Joust" };

export default function PlaygroundPage() {
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-4 p-4">
      <h1 className="text-xl font-semibold">Engine playground</h1>
      <p className="text-sm text-zinc-600">
        Load an in-browser model, prompt it and watch it stream. Everything runs on this device in a Web Worker.
      </p>
      <Playground />
    </div>
  );
}
