import ExcelJS from 'exceljs';
const wb = new ExcelJS.Workbook();
const s = wb.addWorksheet('A');
s.addRow(['ID client', 'E-mail']);
s.addRow(['Z-1', 'z@x.dz']);
await wb.xlsx.writeFile('/tmp/z.xlsx');
