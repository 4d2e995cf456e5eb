import type { enImport } from './en-import';

/** Les options de lecture de l’import, ses avertissements et son identification, en français. */
export const frImport: Record<keyof typeof enImport, string> = {
  'wizard.delimiterLabel': 'Séparateur',
  'wizard.detectDelimiter': 'Détecter (trouvé : {{found}})',
  'wizard.comma': 'virgule ,',
  'wizard.semicolon': 'point-virgule ;',
  'wizard.pipe': 'barre verticale |',
  'wizard.headerRow': 'En-tête à la ligne',
  'wizard.sheet': 'Feuille',
  'wizard.empty': '{{file}} est vide : il n’y a rien à importer.',
  'wizard.headerOnly': '{{file}} a une ligne d’en-tête et aucune ligne dessous : il n’y a rien à importer. (L’en-tête est-il sur une autre ligne ?)',
  'wizard.byEmail': 'Pas de colonne d’identifiant : les clients sont reconnus par leur e-mail, sinon leur téléphone, et un import ultérieur des mêmes personnes les met à jour.',
  'wizard.noKey': 'Aucune colonne ne dit qui est chaque client : choisissez-en une comme Identifiant externe, E-mail ou Téléphone dans le tableau ci-dessus.',
  'wizard.strict': 'Refuser une ligne pour toute valeur erronée (par défaut un e-mail, un téléphone ou une date erronés sont laissés de côté et le client gardé)',
  'import.warningCounts_one': '{{count}} avertissement ({{merged}} doublons fusionnés).',
  'import.warningCounts_other': '{{count}} avertissements ({{merged}} doublons fusionnés).',
  'import.droppedValues': 'Valeurs laissées de côté (le client a été gardé)',
  'import.mergedDuplicate': 'aussi dans une ligne précédente : fusionnée avec elle',
  'segments.sampleNone': 'Aucun client ne remplit ces conditions : il n’y a rien à montrer.',
};
