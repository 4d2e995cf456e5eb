import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CUSTOMER_ROWS_WORKER, useEngine } from '../../tests/helpers/engine';

/** Excel workbooks: one written by exceljs, one written by hand as the raw XML parts in a zip; other binaries named. */
const { engine, dir } = useEngine({ customerRowsWorker: CUSTOMER_ROWS_WORKER });
const importFile = (path: string, extra: Record<string, unknown> = {}) => engine().call('customers/import', { source: { kind: 'file', path }, ...extra }, { trusted: true });
const get = (externalId: string) => engine().call('customers/get', { externalId });

/** CRC-32 (IEEE), as a zip entry records it. */
function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A zip of stored (uncompressed) entries: local headers, then the central directory. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** The smallest workbook Excel writes: shared strings, and one style (built-in format 14, a date) for the signup cell. */
const HAND_WRITTEN = {
  '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
  'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="7" uniqueCount="7"><si><t>ID client</t></si><si><t>E-mail</t></si><si><t>Prénom</t></si><si><t>Date d'inscription</t></si><si><t>H-1</t></si><si><t>hind@exemple.dz</t></si><si><t>هند</t></si></sst>`,
  'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" t="s"><v>6</v></c><c r="D2" s="1"><v>45366</v></c></row></sheetData></worksheet>`,
};

describe('Excel workbooks', () => {
  test('an .xlsx written by exceljs: the chosen sheet, numbers and dates as Excel stores them, a phone kept as a number', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['Exporté le 2024-04-01']);
    const sheet = workbook.addWorksheet('Clients');
    sheet.addRow(['ID client', 'E-mail', 'Téléphone', "Date d'inscription", 'Montant', 'Consentement SMS']);
    sheet.addRow(['X-1', 'xavier@exemple.dz', 213550123456, new Date(Date.UTC(2024, 2, 15)), 1234.5, 'oui']);
    sheet.addRow(['X-2', { text: 'yanis@exemple.dz', hyperlink: 'mailto:yanis@exemple.dz' }, '0661 00 00 02', new Date(Date.UTC(2024, 2, 16, 14, 30)), 20, 'non']);
    const path = join(dir(), 'clients.xlsx');
    await workbook.xlsx.writeFile(path);

    const preview = await engine().call('imports/preview', { source: { kind: 'file', path }, kind: 'customers', sheet: 'Clients' }, { trusted: true });
    expect(preview).toMatchObject({ sheet: 'Clients', headers: ['ID client', 'E-mail', 'Téléphone', "Date d'inscription", 'Montant', 'Consentement SMS'], identity: 'externalId' });
    expect(preview.columns.slice(0, 4)).toEqual(['externalId', 'email', 'phone', 'signupAt']);

    await expect(importFile(path, { sheet: 'Ventes' })).rejects.toThrow(/no sheet called "Ventes". Its sheets: Notes, Clients/);
    const summary = await importFile(path, { sheet: 'Clients' });
    expect(summary).toMatchObject({ fileName: 'clients.xlsx', imported: 2, rejected: 0, warnings: [] });
    // Wall-clock dates, read in the workspace's zone (Africa/Algiers, UTC+1).
    expect(await get('X-1')).toMatchObject({ phone: '+213550123456', signupAt: '2024-03-14T23:00:00.000Z', attributes: { montant: 1234.5 }, consent: { sms: true } });
    expect(await get('X-2')).toMatchObject({ email: 'yanis@exemple.dz', phone: '+213661000002', signupAt: '2024-03-16T13:30:00.000Z', consent: { sms: false } });
  });

  test('an .xlsx written by hand (the XML parts in a zip): shared strings, Arabic text, a date serial with a date format', async () => {
    const path = join(dir(), 'main.xlsx');
    writeFileSync(path, zip(HAND_WRITTEN));
    expect(await importFile(path)).toMatchObject({ imported: 1, rejected: 0 });
    expect(await get('H-1')).toMatchObject({ email: 'hind@exemple.dz', firstName: 'هند', signupAt: '2024-03-14T23:00:00.000Z' });
  });

  test.each([
    ['clients.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /Excel 97-2003 workbook \(\.xls\).*save it as \.xlsx/],
    ['rapport.pdf', Buffer.from('%PDF-1.7\n%binary'), /a PDF document/],
    ['archive.zip', zip({ 'notes.txt': 'hello' }), /a zip archive, not a workbook/],
    ['dump.bin', Buffer.from([0x01, 0x00, 0x02, 0x00, 0x41]), /not a text file/],
  ])('%s is refused with what it is and what to do, before anything is read as rows', async (name, bytes, message) => {
    const path = join(dir(), name);
    writeFileSync(path, bytes);
    await expect(importFile(path)).rejects.toThrow(message);
    await expect(engine().call('imports/preview', { source: { kind: 'file', path }, kind: 'customers' }, { trusted: true })).rejects.toThrow(message);
    await expect(engine().call('events/import', { source: { kind: 'file', path } }, { trusted: true })).rejects.toThrow(message);
    expect((await engine().call('customers/count', {})).count).toBe(0);
  });
});
