/** The part of jstat (no published types; a CommonJS module whose export is jStat itself) the metrics use. */
declare module 'jstat' {
  const jStat: {
    betaln(a: number, b: number): number;
    chisquare: { cdf(x: number, degreesOfFreedom: number): number };
  };
  export default jStat;
}
