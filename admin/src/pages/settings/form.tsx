import type { ReactNode } from 'react';
import { Field } from '@strapi/design-system';
import type { EditableSettings, SettingsView } from '../../utils/api';

/** What every section of the settings form receives. */
export interface SectionProps {
  draft: EditableSettings;
  options: SettingsView['options'];
  /** Applies a change to the draft (and forgets the server's complaint about the fields it touches). */
  change: (update: (draft: EditableSettings) => EditableSettings, paths?: string[]) => void;
  /** The server's message for a field path ("model.id"), after a failed save. */
  error: (path: string) => string | undefined;
  disabled: boolean;
}

/** A labelled field with its hint and the server's error under it. */
export function FormField({ name, label, hint, error, required, children }: { name: string; label: string; hint?: ReactNode; error?: string; required?: boolean; children: ReactNode }) {
  return (
    <Field.Root name={name} hint={hint} error={error} required={required}>
      <Field.Label>{label}</Field.Label>
      {children}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
