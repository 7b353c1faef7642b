export const id = 649;
export const ids = [649];
export const modules = {

/***/ 9649:
/***/ ((module) => {

module.exports = eval("require")("kerberos");


/***/ })

};
