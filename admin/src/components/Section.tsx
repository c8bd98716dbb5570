import type { ReactNode } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

/** A white card with a heading, as Strapi's own settings pages lay out their groups of fields. */
export function Section({ title, description, action, children, id }: { title: string; description?: ReactNode; action?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <Box background="neutral0" hasRadius shadow="filterShadow" paddingTop={6} paddingBottom={6} paddingLeft={7} paddingRight={7} id={id}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="delta" tag="h2">
              {title}
            </Typography>
            {description ? (
              <Typography variant="pi" textColor="neutral600">
                {description}
              </Typography>
            ) : null}
          </Flex>
          {action}
        </Flex>
        {children}
      </Flex>
    </Box>
  );
}
