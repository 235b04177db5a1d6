"use client";
import { useState, type FormEvent } from "react";
import { putCustomModel, validateCustomModel, type CustomModelValidation } from "@/lib/db/custom-models";
import { db } from "@/lib/db/db";

type Errors = Extract<CustomModelValidation, { ok: false }>["errors"];

/** "Add custom model": transformers.js (base URL + model id) or web-llm (model URL + model lib URL). */
export function ModelsCustomForm() {
  const [backend, setBackend] = useState<"transformers" | "webllm">("transformers");
  const [errors, setErrors] = useState<Errors>({});
  const [added, setAdded] = useState("");

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const s = (k: string) => String(f.get(k) ?? "");
    const result = validateCustomModel(
      backend === "transformers"
        ? { backend, baseUrl: s("baseUrl"), modelId: s("modelId"), displayName: s("displayName") }
        : {
            backend,
            modelUrl: s("modelUrl"),
            modelLibUrl: s("modelLibUrl"),
            modelId: s("modelId"),
            displayName: s("displayName"),
          },
      location.origin,
    );
    if (!result.ok) {
      setErrors(result.errors);
      setAdded("");
      return;
    }
    await putCustomModel(db, result.model);
    setErrors({});
    setAdded(result.model.displayName);
    form.reset();
  }

  return (
    <form
      data-testid="custom-model-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      className="flex flex-col gap-2 rounded border p-3 text-sm"
    >
      <h2 className="font-semibold">Add custom model</h2>
      <label className="flex items-center gap-2">
        Backend
        <select
          data-testid="custom-backend"
          value={backend}
          onChange={(e) => {
            setBackend(e.target.value as typeof backend);
            setErrors({});
          }}
          className="rounded border px-1 py-0.5"
        >
          <option value="transformers">transformers.js</option>
          <option value="webllm">web-llm</option>
        </select>
      </label>
      {backend === "transformers" ? (
        <>
          <Field
            name="baseUrl"
            label="Base URL"
            placeholder="/models/ or https://host/models/"
            error={errors.baseUrl}
          />
          <Field name="modelId" label="Model id" placeholder="tiny-chat" error={errors.modelId} />
        </>
      ) : (
        <>
          <Field
            name="modelUrl"
            label="Model URL"
            placeholder="https://huggingface.co/me/My-q4f32_1-MLC"
            error={errors.modelUrl}
          />
          <Field
            name="modelLibUrl"
            label="Model lib URL (.wasm)"
            placeholder="https://…/My-q4f32_1-webgpu.wasm"
            error={errors.modelLibUrl}
          />
          <Field name="modelId" label="Model id (optional)" placeholder="derived from the URL" />
        </>
      )}
      <Field name="displayName" label="Display name (optional)" />
      <div className="flex items-center gap-3">
        <button type="submit" data-testid="custom-add" className="rounded border px-2 py-1 hover:bg-zinc-50">
          Add model
        </button>
        {added && (
          <span data-testid="custom-added" className="text-green-700">
            Added {added}.
          </span>
        )}
      </div>
    </form>
  );
}

function Field({
  name,
  label,
  placeholder,
  error,
}: {
  name: string;
  label: string;
  placeholder?: string;
  error?: string;
}) {
  return (
    <label className="flex flex-col gap-0.5">
      <span>{label}</span>
      <input
        name={name}
        data-testid={`custom-${name}`}
        placeholder={placeholder}
        aria-invalid={!!error}
        className="rounded border px-2 py-1 aria-invalid:border-red-500"
      />
      {error && (
        <span data-testid={`custom-${name}-error`} className="text-xs text-red-700">
          {error}
        </span>
      )}
    </label>
  );
}
