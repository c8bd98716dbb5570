import { Magic } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { DocumentActionComponent } from '@strapi/content-manager/strapi-admin';
import { useDocumentIllustration } from '../hooks/useDocumentIllustration';
import { usePermissions } from '../hooks/usePermissions';
import { apiPath, errorMessage, isActive } from '../utils/api';
import { useT } from '../utils/useT';
import { useEditViewTarget } from './IllustrationPanel';

/**
 * "Generate illustration" in the edit view's actions, for a published article that has no image yet or only the
 * placeholder. Needs the generate permission (and jobs.read, to know the article's state).
 */
export const GenerateIllustrationAction: DocumentActionComponent = ({ model, documentId, document }) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const permissions = usePermissions();
  const { target, version } = useEditViewTarget({ model, documentId, document });
  const allowed = permissions.canGenerate && permissions.canReadJobs;
  const state = useDocumentIllustration(allowed ? target : null, version);

  if (!allowed || !target || !state.data?.participating) return null;
  const { image, latest, published } = state.data;
  if (image && image.source !== 'placeholder') return null;

  return {
    label: t('action.generate'),
    icon: <Magic />,
    position: 'panel',
    disabled: !published || isActive(latest?.state),
    onClick: async () => {
      try {
        await post(apiPath('/documents/generate'), target);
        toggleNotification({ type: 'success', message: t('panel.notify.generating') });
      } catch (error) {
        toggleNotification({ type: 'danger', message: errorMessage(error) });
      }
      await state.refresh();
    },
  };
};

GenerateIllustrationAction.position = 'panel';
