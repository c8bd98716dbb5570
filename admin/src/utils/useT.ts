import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { PLUGIN_ID } from '../pluginId';
import en from '../translations/en.json';

export type TranslationKey = keyof typeof en;
export type TranslationValues = Record<string, string | number | boolean | null | undefined | Date>;

/** A message descriptor for one of the plugin's strings (English is the default message). */
export const trad = (key: TranslationKey) => ({ id: `${PLUGIN_ID}.${key}`, defaultMessage: en[key] });

/** Translates the plugin's strings: `t('settings.save')`. */
export function useT() {
  const { formatMessage } = useIntl();
  return useCallback((key: TranslationKey, values?: TranslationValues) => formatMessage(trad(key), values as never) as string, [formatMessage]);
}
