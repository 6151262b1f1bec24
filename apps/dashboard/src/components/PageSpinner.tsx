export function PageSpinner({ label }: { label: string }) {
  return (
    <div role="status" className="flex min-h-[40vh] items-center justify-center gap-3 text-sm text-slate-600">
      <span
        className="h-5 w-5 animate-spin rounded-full border-2 border-indigo-600 border-r-transparent"
        aria-hidden="true"
      />
      {label}
    </div>
  );
}
