/** Stylesheets are bundled as text (test/tools/build.mjs) and adopted as constructable stylesheets. */
declare module '*.css' {
  const text: string;
  export default text;
}
