import { useState, type ComponentType } from 'react';
import { Box, Button, Flex, IconButton, Typography } from '@strapi/design-system';
import { Cross, Plus } from '@strapi/icons';
import { useFetchClient, useStrapiApp } from '@strapi/strapi/admin';
import { useQuery } from 'react-query';
import { Section } from '../../components/Section';
import { useModelSupport } from '../../hooks/queries';
import { PLUGIN_ID } from '../../pluginId';
import { backendUrl } from '../../utils/api';
import { useT } from '../../utils/useT';
import type { SectionProps } from './form';

/** A Media Library file as the upload plugin's admin API returns it (the fields used here). */
interface MediaFile {
  id: number;
  name: string;
  mime: string;
  url: string;
  formats?: { thumbnail?: { url: string } } | null;
}

/** Strapi's own Media Library dialog, as the upload plugin registers it for other plugins ('media-library'). */
type MediaLibraryDialog = ComponentType<{
  allowedTypes?: Array<'images' | 'files' | 'videos' | 'audios'>;
  multiple?: boolean;
  initiallySelectedAssets?: MediaFile[];
  onClose: () => void;
  onSelectAssets: (files: MediaFile[]) => void;
}>;

/** The chosen files' names and thumbnails, from the upload plugin's admin API. */
function useMediaFiles(ids: number[]) {
  const { get } = useFetchClient();
  return useQuery(
    [PLUGIN_ID, 'reference-files', ids],
    async ({ signal }) => {
      const { data } = await get<{ results?: MediaFile[] } | MediaFile[]>('/upload/files', {
        params: { filters: { id: { $in: ids } }, pageSize: ids.length },
        signal,
      });
      const files = Array.isArray(data) ? data : (data.results ?? []);
      return new Map(files.map((file) => [file.id, file]));
    },
    { enabled: ids.length > 0, retry: false, keepPreviousData: true },
  );
}

/** What the chosen model does with references: the page never claims more than its declared inputs. */
function ModelNote({ modelId, aspectRatio, count }: { modelId: string; aspectRatio: string; count: number }) {
  const t = useT();
  const answer = useModelSupport(modelId, aspectRatio);
  if (!answer.data) return null;
  const limit = answer.data.support.referenceImages;
  const ignored = limit === 0;
  return (
    <Box background={ignored ? 'warning100' : 'neutral100'} hasRadius padding={3} data-testid="reference-model-note" data-limit={limit}>
      <Typography variant="pi" textColor={ignored ? 'warning700' : 'neutral700'}>
        {ignored
          ? t('settings.references.ignored', { model: answer.data.name })
          : count > limit
            ? t('settings.references.partly', { model: answer.data.name, limit })
            : t('settings.references.taken', { model: answer.data.name, limit })}
      </Typography>
    </Box>
  );
}

/**
 * House style: up to five reference images from the Media Library (chosen, or uploaded there, with Strapi's own media
 * dialog). They are uploaded to Scenario once and sent to models that take reference images.
 */
export function ReferenceImagesSection({ draft, options, change, error, disabled }: SectionProps) {
  const maxReferences = options.limits.referenceImages.max;
  const t = useT();
  const ids = draft.referenceImages ?? [];
  const files = useMediaFiles(ids);
  const components = useStrapiApp('ReferenceImagesSection', (state) => state.components);
  const MediaLibrary = components?.['media-library'] as MediaLibraryDialog | undefined;
  const [picking, setPicking] = useState(false);

  const setIds = (next: number[]) => change((current) => ({ ...current, referenceImages: next }), ['referenceImages']);
  const choose = (chosen: MediaFile[]) => {
    setPicking(false);
    // Images only (the dialog may offer folders or other files), in the order picked, no more than the limit.
    setIds([...new Set(chosen.filter((file) => file.mime?.startsWith('image/')).map((file) => file.id))].slice(0, maxReferences));
  };
  const chosenFiles = ids.map((id) => files.data?.get(id)).filter((file): file is MediaFile => Boolean(file));
  const listError = error('referenceImages');

  return (
    <Section
      id="reference-images"
      title={t('settings.references.title')}
      description={t('settings.references.description', { max: maxReferences })}
      action={
        MediaLibrary ? (
          <Button variant="secondary" startIcon={<Plus />} onClick={() => setPicking(true)} disabled={disabled} data-testid="reference-choose">
            {t(ids.length ? 'settings.references.change' : 'settings.references.choose')}
          </Button>
        ) : undefined
      }
    >
      {!MediaLibrary ? (
        <Typography variant="pi" textColor="warning700">
          {t('settings.references.noMediaLibrary')}
        </Typography>
      ) : null}
      {ids.length === 0 ? (
        <Typography variant="omega" textColor="neutral600" data-testid="reference-empty">
          {t('settings.references.none')}
        </Typography>
      ) : (
        <Flex gap={3} wrap="wrap" data-testid="reference-list">
          {ids.map((id, index) => {
            const file = files.data?.get(id);
            const issue = error(`referenceImages.${index}`);
            return (
              <Box
                key={id}
                background="neutral100"
                hasRadius
                padding={2}
                borderColor={issue ? 'danger600' : 'neutral200'}
                data-testid="reference-item"
                data-file-id={id}
                style={{ width: 148 }}
              >
                <Flex direction="column" alignItems="stretch" gap={1}>
                  <Box style={{ height: 96, display: 'flex', alignItems: 'center', justifyContent: 'center', overflow: 'hidden' }}>
                    {file ? (
                      <img
                        src={backendUrl(file.formats?.thumbnail?.url ?? file.url)}
                        alt={file.name}
                        style={{ maxWidth: '100%', maxHeight: 96, objectFit: 'contain' }}
                      />
                    ) : (
                      <Typography variant="pi" textColor="neutral500">
                        {files.isLoading ? t('common.loading') : t('settings.references.missing', { id })}
                      </Typography>
                    )}
                  </Box>
                  <Flex justifyContent="space-between" gap={1}>
                    <Typography variant="pi" ellipsis title={file?.name}>
                      {file?.name ?? `#${id}`}
                    </Typography>
                    <IconButton
                      label={t('settings.references.remove', { name: file?.name ?? `#${id}` })}
                      variant="ghost"
                      disabled={disabled}
                      onClick={() => setIds(ids.filter((other) => other !== id))}
                    >
                      <Cross />
                    </IconButton>
                  </Flex>
                  {issue ? (
                    <Typography variant="pi" textColor="danger600">
                      {issue}
                    </Typography>
                  ) : null}
                </Flex>
              </Box>
            );
          })}
        </Flex>
      )}
      {listError ? (
        <Typography variant="pi" textColor="danger600">
          {listError}
        </Typography>
      ) : null}
      {ids.length ? <ModelNote modelId={draft.model.id} aspectRatio={draft.aspectRatio} count={ids.length} /> : null}
      {picking && MediaLibrary ? (
        <MediaLibrary allowedTypes={['images']} multiple initiallySelectedAssets={chosenFiles} onClose={() => setPicking(false)} onSelectAssets={choose} />
      ) : null}
    </Section>
  );
}
