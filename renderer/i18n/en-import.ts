/** The import wizard's reading options, warnings and identity, in English. */
export const enImport = {
  'wizard.delimiterLabel': 'Delimiter',
  'wizard.detectDelimiter': 'Detect (found {{found}})',
  'wizard.comma': 'comma ,',
  'wizard.semicolon': 'semicolon ;',
  'wizard.pipe': 'pipe |',
  'wizard.headerRow': 'Header on line',
  'wizard.sheet': 'Sheet',
  'wizard.empty': '{{file}} is empty: there is nothing to import.',
  'wizard.headerOnly': '{{file}} has a header row and no rows below it: there is nothing to import. (Is the header on another line?)',
  'wizard.byEmail': 'No id column: customers are known by their email, else their phone, and a later import of the same people updates them.',
  'wizard.noKey': 'No column says who each customer is: choose one as External id, Email or Phone in the table above.',
  'wizard.strict': 'Refuse a row for any bad value (by default a bad email, phone or date is left out and the customer kept)',
  'import.warningCounts_one': '{{count}} warning ({{merged}} merged duplicates).',
  'import.warningCounts_other': '{{count}} warnings ({{merged}} merged duplicates).',
  'import.droppedValues': 'Values left out (the customer was kept)',
  'import.mergedDuplicate': 'also in an earlier row: merged into it',
} as const;
