module.exports = {
  register() {},

  // The Article type is localized: make sure the second locale exists so i18n paths can be exercised.
  async bootstrap({ strapi }) {
    const locales = strapi.plugin('i18n').service('locales');
    const existing = await locales.findByCode('fr');
    if (!existing) await locales.create({ code: 'fr', name: 'French (fr)' });
  },
};
