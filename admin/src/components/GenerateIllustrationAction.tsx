import { Magic } from '@strapi/icons';
import type { DocumentActionComponent } from '@strapi/content-manager/strapi-admin';
import { useDocumentStatus, useIllustrationActions } from '../hooks/queries';
import { usePermissions } from '../hooks/usePermissions';
import { isActive } from '../utils/api';
import { useT } from '../utils/useT';
import { useEditViewTarget } from './IllustrationPanel';

/**
 * "Generate illustration" in the edit view's actions, for a published article that has no image yet or only the
 * placeholder. Needs the generate permission (and jobs.read, to know the article's state), and the content manager's
 * permission to change the entry.
 */
export const GenerateIllustrationAction: DocumentActionComponent = ({ model, documentId, document }) => {
  const t = useT();
  const permissions = usePermissions();
  const { target, version } = useEditViewTarget({ model, documentId, document });
  const allowed = permissions.canGenerate && permissions.canReadJobs;
  const state = useDocumentStatus(allowed ? target : null, version);
  const actions = useIllustrationActions(target);

  if (!allowed || !target || !state.data?.participating || !state.data.canChange) return null;
  const { image, latest, published } = state.data;
  if (image && image.source !== 'placeholder') return null;

  return {
    label: t('action.generate'),
    icon: <Magic />,
    position: 'panel',
    disabled: !published || isActive(latest?.state) || actions.busy !== null,
    onClick: () => actions.generate(),
  };
};

GenerateIllustrationAction.position = 'panel';
